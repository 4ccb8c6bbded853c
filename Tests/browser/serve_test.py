#!/usr/bin/env python3
"""`stakemap serve` in a real headless Chromium (Debian's chromium and chromium-driver,
Selenium from PyPI): the bank's page, a search, a person's panel, a contact recorded from the
page, an invalid edit refused, the page following a change on disk, and a generated
10,000-person account's page, timed in the browser.

    python3 Tests/browser/serve_test.py [path/to/stakemap] [--shots DIR]

Exits non-zero on the first failed check. Timings are printed, never asserted."""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
argv = sys.argv[1:]
SHOTS = None
if "--shots" in argv:
    i = argv.index("--shots")
    SHOTS = os.path.abspath(argv[i + 1])
    del argv[i:i + 2]
STAKEMAP = os.path.abspath(argv[0] if argv else os.path.join(ROOT, ".build/debug/stakemap"))


def check(condition, message):
    if not condition:
        print("FAILED:", message)
        sys.exit(1)
    print("ok:", message)


def serve(folder):
    p = subprocess.Popen([STAKEMAP, "serve", folder, "--port", "0", "--as-of", "2026-11-27"], stdout=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    m = re.search(r" at (http://\S+)", line)
    if not m:
        p.kill()
        sys.exit("the server did not start: " + line)
    return p, m.group(1).rstrip("/")


def browser():
    options = webdriver.ChromeOptions()
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1500,950"]:
        options.add_argument(a)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    return webdriver.Chrome(service=Service(driver), options=options)


def panel_value(d, label):
    for dt in d.find_elements(By.CSS_SELECTOR, "#panel dl.facts dt"):
        if dt.text.strip() == label:
            return dt.find_element(By.XPATH, "following-sibling::dd[1]").text.strip()
    return None


def score(d):
    return float(d.find_element(By.CSS_SELECTOR, ".toolbar .score").text.split()[-1])


def shot(d, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        d.save_screenshot(os.path.join(SHOTS, name))


def main():
    work = tempfile.mkdtemp(prefix="stakemap-browser-")
    for name in ["banque-exemple.yaml", "maison-lumiere.yaml", "maison-lumiere-directory", "mutuelle-horizon.yaml"]:
        src = os.path.join(ROOT, "samples", name)
        (shutil.copytree if os.path.isdir(src) else shutil.copy)(src, os.path.join(work, name))
    bank = os.path.join(work, "banque-exemple.yaml")
    server, url = serve(work)
    d = browser()
    wait = WebDriverWait(d, 20)
    try:
        d.get(url + "/")
        check("Banque Exemple" in d.page_source and "Maison Lumière Distribution" in d.page_source, "the portfolio lists the accounts")
        shot(d, "serve-portfolio.png")
        d.find_element(By.LINK_TEXT, "Banque Exemple").click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#chart svg"))
        check(d.execute_script("return window.stakemap && window.stakemap.boxes") > 40, "the chart is drawn, every person a link")

        # Search "Dufour": she is centred, highlighted and her panel opens without a reload.
        marker = d.execute_script("window.__same = 1; return 1")
        box = d.find_element(By.ID, "search")
        box.send_keys("Dufour")
        box.send_keys(Keys.ENTER)
        wait.until(lambda d: "Julie Dufour" in d.find_element(By.ID, "panel").text)
        check(d.execute_script("return window.__same") == marker, "the search opened her panel in the same page")
        check(len(d.find_elements(By.CSS_SELECTOR, "#chart a.selected")) == 1, "her box is highlighted")
        check("person=julie.dufour" in d.current_url, "the address names her, for a reload or a link")
        coverage_before = float(panel_value(d, "Coverage").split()[0])
        score_before = score(d)
        shot(d, "serve-account.png")

        # Record a contact from her panel: the page comes back with her coverage and the score up.
        form = d.find_element(By.XPATH, "//form[.//input[@name='edit' and @value='log']]")
        Select(form.find_element(By.NAME, "ours")).select_by_value("our.am")
        Select(form.find_element(By.NAME, "kind")).select_by_value("meeting")
        Select(form.find_element(By.NAME, "level")).select_by_value("problem-solver")
        form.find_element(By.NAME, "note").send_keys("Met at the innovation forum")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait.until(lambda d: "logged" in d.find_element(By.CSS_SELECTOR, ".notice").text if d.find_elements(By.CSS_SELECTOR, ".notice") else False)
        coverage_after = float(panel_value(d, "Coverage").split()[0])
        check(coverage_after > coverage_before, f"her coverage rose on the page ({coverage_before} → {coverage_after})")
        check(score(d) > score_before, f"the account score rose on the page ({score_before} → {score(d)})")
        check("Met at the innovation forum" in d.find_element(By.ID, "panel").text, "the contact is in her interaction log")
        text = open(bank, encoding="utf-8").read()
        check("note: Met at the innovation forum" in text, "the contact is in the file")
        check(subprocess.run([STAKEMAP, "validate", "--quiet", bank]).returncode == 0, "the file is valid")
        shot(d, "serve-recorded.png")

        # An invalid edit: its message on the page, the file as it was.
        before = open(bank, "rb").read()
        link = d.find_element(By.XPATH, "//form[.//input[@name='edit' and @value='add-link']]")
        d.execute_script("arguments[0].closest('details').open = true", link)
        strength = link.find_element(By.NAME, "strength")
        strength.clear()
        strength.send_keys("1.5")
        link.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#panel [role=alert]"))
        alert = d.find_element(By.CSS_SELECTOR, "#panel [role=alert]").text
        check("strength 1.5 is above 1" in alert and "Nothing was written" in alert, "the invalid edit's message is shown: " + alert.replace("\n", " "))
        check(open(bank, "rb").read() == before, "the file is unchanged")
        shot(d, "serve-refused.png")

        # A change on disk (a git pull, a command-line edit): the page follows it.
        d.get(url + "/a/banque-exemple?person=julie.dufour")
        wait.until(lambda d: panel_value(d, "Stance") is not None)
        subprocess.run([STAKEMAP, "set", bank, "julie.dufour", "stance=mentor"], check=True, stdout=subprocess.DEVNULL)
        wait.until(lambda d: panel_value(d, "Stance") == "mentor")
        check(True, "the page reloaded itself after the file changed")

        # Views: each draws, the path view for her.
        for view in ["influence", "coverage", "grid", "path"]:
            d.get(url + f"/a/banque-exemple?view={view}&person=julie.dufour")
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#chart svg"))
        check(True, "the influence, coverage, grid and path views draw")
        shot(d, "serve-path.png")
    finally:
        d.quit()
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)

    # A generated 10,000-person account: served, drawn, searched, panned and zoomed.
    big = tempfile.mkdtemp(prefix="stakemap-browser-big-")
    subprocess.run([STAKEMAP, "generate", "--people", "10000", "--seed", "1", "--output", os.path.join(big, "grand-groupe.yaml")], check=True, stdout=subprocess.DEVNULL)
    server, url = serve(big)
    d = browser()
    wait = WebDriverWait(d, 30)
    try:
        # The first request reads and analyses the account; later ones are served from memory.
        started = time.time()
        d.get(url + "/a/grand-groupe")
        first = time.time() - started
        d.get(url + "/a/grand-groupe")
        timing = d.execute_script(
            "const t = performance.getEntriesByType('navigation')[0];"
            "return {response: t.responseEnd - t.requestStart, ready: t.domContentLoadedEventEnd - t.startTime, load: t.loadEventEnd - t.startTime};")
        state = d.execute_script("return window.stakemap")
        check(state["minimap"], "the large chart has a minimap")
        people = json.loads(d.find_element(By.ID, "people").get_attribute("textContent"))
        target = people[len(people) // 2]
        started = time.time()
        box = d.find_element(By.ID, "search")
        box.send_keys(target["name"])
        box.send_keys(Keys.ENTER)
        wait.until(lambda d: target["name"] in d.find_element(By.ID, "panel").text)
        found = time.time() - started
        check(True, f"found {target['name']} among 10,000 people")
        # Zoom steps as a person makes them, one a frame: the time from the wheel to the
        # frame after the chart was drawn again.
        frames = d.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "const svg = document.querySelector('#chart svg'); const r = svg.getBoundingClientRect();"
            "const frame = () => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));"
            "(async () => { const times = [];"
            "  for (let i = 0; i < 12; i++) { const t0 = performance.now();"
            "    svg.dispatchEvent(new WheelEvent('wheel', {deltaY: i % 4 < 2 ? -120 : 120, clientX: r.x + r.width / 2, clientY: r.y + r.height / 2, bubbles: true, cancelable: true}));"
            "    await frame(); times.push(performance.now() - t0); }"
            "  times.sort((a, b) => a - b); done(times[Math.floor(times.length / 2)]); })();")
        shot(d, "serve-10k.png")
        print(f"timing: 10,000 people: first page {first * 1000:.0f} ms (read, analysed, laid out); "
              f"again: response {timing['response']:.0f} ms, ready {timing['ready']:.0f} ms, loaded {timing['load']:.0f} ms; "
              f"search to panel {found * 1000:.0f} ms; a zoom step drawn in {frames:.0f} ms (median of 12)")
    finally:
        d.quit()
        server.terminate()
        server.wait()
        shutil.rmtree(big, ignore_errors=True)
    print("all browser checks passed")


if __name__ == "__main__":
    main()
