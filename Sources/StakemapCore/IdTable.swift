#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The 64-bit FNV-1a hash of `bytes`, from `basis` (FNV's offset basis by default): a
/// fixed hash, the same in every process, for fingerprints and stable identifiers. Not for
/// keys an adversary chooses.
@inlinable public func fnv1a<Bytes: Sequence<UInt8>>(_ bytes: Bytes, basis: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
    var h = basis
    for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
    return h
}

/// A map from string ids to dense indices, for the hot paths of loading and analysis:
/// open addressing with linear probing and a fixed 64-bit hash of the UTF-8 bytes (`hash`).
///
/// `Dictionary<String, Int>` hashes with a per-process seeded SipHash, which dominates
/// loading a 100,000-person organisation (each id is looked up several times). Ids are
/// written by the user, not by an adversary, so a fixed hash is safe here; lookups stay
/// correct whatever the collisions, they only get slower. Not for untrusted keys in a
/// long-running service.
public struct IdTable: Sendable {
    /// One probe slot: the low 32 bits of the key's hash (which also place it: tables stay
    /// below 2³² slots), where its bytes are in `arena`, and its value, together in 16
    /// bytes so that a probe reads one slot and then the key's bytes, nothing else.
    private struct Slot: Sendable {
        var tag: UInt32
        var start: UInt32
        var length: UInt32
        var value: Int32
    }
    private static let empty = Slot(tag: 0, start: UInt32.max, length: 0, value: 0)
    private var slots: [Slot]
    private var mask: Int
    /// The keys' UTF-8 bytes, one after the other.
    private var arena: [UInt8] = []
    public private(set) var count = 0

    public init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Slot](repeating: Self.empty, count: size)
        mask = size - 1
        arena.reserveCapacity(capacity * 16)
    }

    /// The table's hash of an id's UTF-8 bytes, for callers that hash ids ahead of the
    /// lookups and insertions (`values(hashes:key:)`, `touch`, the `hash:` variants).
    ///
    /// Eight bytes at a time (an id of 14 bytes is two words, not fourteen rounds), each
    /// word multiplied in and its high bits folded down; the last partial word read as the
    /// key's last eight bytes (overlapping the word before); a key of 4 to 7 bytes as two
    /// overlapping halves, of 1 to 3 as its first, middle and last bytes; the length in the seed. The MurmurHash3 finaliser then spreads
    /// every bit, the low ones too, which place a key in the table. The same in every
    /// process and on every machine of the same byte order; never stored.
    @inline(__always) public static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = bytes.count
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 &+ UInt64(truncatingIfNeeded: n)
        @inline(__always) func mix(_ word: UInt64) {
            h = (h ^ word) &* 0x9FB2_1C65_1E98_DF25
            h ^= h >> 32
        }
        if let base = bytes.baseAddress, n > 0 {
            let raw = UnsafeRawPointer(base)
            var i = 0
            while i + 8 <= n {
                mix(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                i += 8
            }
            if i < n {
                if n >= 8 {
                    mix(raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
                } else if n >= 4 {
                    let low = raw.loadUnaligned(as: UInt32.self), high = raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
                    mix(UInt64(low) | UInt64(high) << 32)
                } else {
                    mix(UInt64(base[0]) | UInt64(base[n / 2]) << 8 | UInt64(base[n - 1]) << 16)
                }
            }
        }
        h ^= h >> 33
        h &*= 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        h &*= 0xc4ce_b9fe_1a85_ec53
        return h ^ (h >> 33)
    }

    /// The slot holding `key`, or the empty slot where it would go, and the key's hash.
    @inline(__always) private func find(_ key: UnsafeBufferPointer<UInt8>) -> (slot: Int, hash: UInt64, found: Bool) {
        find(key, hash: Self.hash(key))
    }

    @inline(__always) private func find(_ key: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> (slot: Int, hash: UInt64, found: Bool) {
        var i = Int(truncatingIfNeeded: h) & mask
        return slots.withUnsafeBufferPointer { slots in
            arena.withUnsafeBufferPointer { arena in
                while true {
                    let slot = slots[i]
                    if slot.start == UInt32.max { return (i, h, false) }
                    if slot.tag == UInt32(truncatingIfNeeded: h) && Int(slot.length) == key.count
                        && (key.count == 0 || Self.same(arena, at: Int(slot.start), key))
                    {
                        return (i, h, true)
                    }
                    i = (i + 1) & mask
                }
            }
        }
    }

    /// The value stored for the key with these UTF-8 bytes, if any.
    public func value(utf8 key: UnsafeBufferPointer<UInt8>) -> Int? {
        value(utf8: key, hash: Self.hash(key))
    }

    /// The same, for a key whose hash (`IdTable.hash`) is known.
    public func value(utf8 key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        let f = find(key, hash: hash)
        return f.found ? Int(slots[f.slot].value) : nil
    }

    /// The value stored for `key`, if any.
    public subscript(key: String) -> Int? {
        var key = key
        return key.withUTF8 { value(utf8: $0) }
    }

    /// The values of many keys whose hashes are known (`hashes[i]` is the hash of
    /// `key(i)`), -1 for a missing key.
    ///
    /// Keys go in groups of 16: the slots and key bytes of a whole group are read first,
    /// with nothing else in between, so their cache misses overlap; the comparisons that
    /// follow find them in cache.
    public func values(hashes: [UInt64], key: (Int) -> String) -> [Int32] {
        let count = hashes.count, given = hashes
        var out = [Int32](repeating: -1, count: count)
        var warm: UInt64 = 0
        slots.withUnsafeBufferPointer { slots in
            arena.withUnsafeBufferPointer { arena in
                hashes.withUnsafeBufferPointer { hashes in
                    var base = 0
                    while base < count {
                        let end = min(base + 16, count)
                        touch(given[base..<end])
                        for i in base..<end {
                            let slot = slots[Int(truncatingIfNeeded: hashes[i]) & mask]
                            if slot.tag == UInt32(truncatingIfNeeded: hashes[i]) && Int(slot.start) < arena.count {
                                warm &+= UInt64(arena[Int(slot.start)])
                            }
                        }
                        for i in base..<end {
                            var k = key(i)
                            let f = k.withUTF8 { find($0, hash: hashes[i]) }
                            if f.found { out[i] = slots[f.slot].value }
                        }
                        base = end
                    }
                }
            }
        }
        // The reads above are for their effect on the cache; this keeps them from being dropped.
        if warm == 0x5EED_5EED_5EED_5EED { Self.keep(warm) }
        return out
    }

    @inline(never) private static func keep(_ x: UInt64) { _ = x }

    /// Reads the slots where keys of these hashes (`IdTable.hash`) are first looked for,
    /// together, so that their waits for memory overlap and inserting or finding the keys
    /// a little later finds the slots in cache: a table of 100,000 ids is larger than a
    /// core's cache, and each probe would otherwise wait for memory on its own.
    public func touch(_ hashes: ArraySlice<UInt64>) {
        var warm: UInt64 = 0
        slots.withUnsafeBufferPointer { slots in
            for h in hashes { warm &+= UInt64(slots[Int(truncatingIfNeeded: h) & mask].tag) }
        }
        // The reads are for their effect on the cache; this keeps them from being dropped.
        if warm == 0x5EED_5EED_5EED_5EED { Self.keep(warm) }
    }

    /// Stores `value` for `key` unless the key is present; returns the value already
    /// stored, or nil when the key was new. Values must fit in 32 bits.
    @discardableResult
    public mutating func insertIfAbsent(_ key: String, _ value: Int) -> Int? {
        var key = key
        return insertIfAbsent(key, value, hash: key.withUTF8(Self.hash))
    }

    /// The same, for a key whose hash (`IdTable.hash`) is known.
    @discardableResult
    public mutating func insertIfAbsent(_ key: String, _ value: Int, hash: UInt64) -> Int? {
        if (count + 1) * 2 > slots.count { grow() }
        var key = key
        return key.withUTF8 { bytes in
            assert(hash == Self.hash(bytes), "the hash given is not the key's")
            let f = find(bytes, hash: hash)
            if f.found { return Int(slots[f.slot].value) }
            precondition(arena.count + bytes.count < Int(UInt32.max), "ids over 4 GB in total")
            slots[f.slot] = Slot(
                tag: UInt32(truncatingIfNeeded: f.hash), start: UInt32(arena.count), length: UInt32(bytes.count), value: Int32(truncatingIfNeeded: value))
            arena.append(contentsOf: bytes)
            count += 1
            return nil
        }
    }

    /// Calls `body` with every key's UTF-8 bytes and its value, in table order (neither
    /// insertion nor key order). The keys are read from one arena, not from the strings
    /// they were copied from.
    public func forEach(_ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) rethrows {
        try arena.withUnsafeBufferPointer { bytes in
            for slot in slots where slot.start != UInt32.max {
                try body(UnsafeBufferPointer(rebasing: bytes[Int(slot.start)..<Int(slot.start) + Int(slot.length)]), Int(slot.value))
            }
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Self.empty, count: old.count * 2)
        mask = slots.count - 1
        for slot in old where slot.start != UInt32.max {
            var i = Int(truncatingIfNeeded: slot.tag) & mask
            while slots[i].start != UInt32.max { i = (i + 1) & mask }
            slots[i] = slot
        }
    }
}

extension IdTable {
    /// Whether the `key.count` bytes of `arena` from `start` are `key`'s.
    @inline(__always) static func same(_ arena: UnsafeBufferPointer<UInt8>, at start: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let a = arena.baseAddress, let k = key.baseAddress else { return false }
        return memcmp(a + start, k, key.count) == 0
    }
}
