/// The API's description, served at `/api/openapi.yaml`; `docs/openapi.yaml` is the same
/// text (a test holds them together).
public enum OpenAPIDocument {
    public static let yaml = #"""
        openapi: 3.0.3
        info:
          title: Stakemap
          version: 0.1.0
          description: |
            The accounts of the folder `stakemap serve` serves: their analyses in the shapes of
            the command line's `--format json`, and edits made through the same locked, checked,
            atomic edit session as the command line's. Bound to a loopback address, the server
            answers requests to it only; elsewhere every request carries the server's token
            (`Authorization: Bearer TOKEN`). An edit carries the CSRF token of `GET /api/session`
            in `X-CSRF-Token`.
        servers:
          - url: /
        paths:
          /api/session:
            get:
              operationId: session
              summary: The CSRF token that edits carry
              responses:
                "200":
                  description: The token
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [csrf]
                        properties:
                          csrf: { type: string }
                        additionalProperties: false
          /api/accounts:
            get:
              operationId: listAccounts
              summary: Every account of the folder, with its score and gaps
              responses:
                "200":
                  description: The accounts, in name order; those that do not open, with why
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [as_of, accounts, skipped]
                        properties:
                          as_of: { type: string, format: date }
                          accounts:
                            type: array
                            items:
                              allOf:
                                - $ref: "#/components/schemas/Summary"
                                - type: object
                                  required: [gaps]
                                  properties:
                                    gaps:
                                      type: object
                                      required: [high, medium, low]
                                      properties:
                                        high: { type: integer, minimum: 0 }
                                        medium: { type: integer, minimum: 0 }
                                        low: { type: integer, minimum: 0 }
                          skipped:
                            type: array
                            items:
                              type: object
                              required: [name, error]
                              properties:
                                name: { type: string }
                                error: { type: string }
                                details: { type: array, items: { type: string } }
          /api/accounts/{name}:
            parameters:
              - $ref: "#/components/parameters/name"
            get:
              operationId: getAccount
              summary: One account's summary
              responses:
                "200":
                  description: The summary
                  content:
                    application/json:
                      schema: { $ref: "#/components/schemas/Summary" }
                "404": { $ref: "#/components/responses/Error" }
                "422": { $ref: "#/components/responses/Error" }
          /api/accounts/{name}/version:
            parameters:
              - $ref: "#/components/parameters/name"
            get:
              operationId: getVersion
              summary: A fingerprint of the account's files; it changes when they do
              responses:
                "200":
                  description: The version
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [version]
                        properties:
                          version: { type: string }
                "404": { $ref: "#/components/responses/Error" }
                "422": { $ref: "#/components/responses/Error" }
          /api/accounts/{name}/coverage:
            parameters:
              - $ref: "#/components/parameters/name"
            get:
              operationId: getCoverage
              summary: Coverage of the role holders (everyone with all=true), as `stakemap coverage --format json`
              parameters:
                - name: all
                  in: query
                  schema: { type: boolean }
              responses:
                "200":
                  description: Coverage per person
                  content:
                    application/json:
                      schema:
                        allOf:
                          - $ref: "#/components/schemas/Header"
                          - type: object
                            required: [people]
                            properties:
                              people: { type: array, items: { type: object } }
                "400": { $ref: "#/components/responses/Error" }
                "404": { $ref: "#/components/responses/Error" }
                "422": { $ref: "#/components/responses/Error" }
          /api/accounts/{name}/paths:
            parameters:
              - $ref: "#/components/parameters/name"
            get:
              operationId: getPaths
              summary: The strongest paths from our team to one person, as `stakemap paths --format json`
              parameters:
                - name: to
                  in: query
                  required: true
                  schema: { type: string, minLength: 1 }
                - name: k
                  in: query
                  schema: { type: integer, minimum: 1, maximum: 50 }
              responses:
                "200":
                  description: The paths, best first
                  content:
                    application/json:
                      schema:
                        allOf:
                          - $ref: "#/components/schemas/Header"
                          - type: object
                            required: [paths]
                            properties:
                              paths: { type: array, items: { type: object } }
                "400": { $ref: "#/components/responses/Error" }
                "404": { $ref: "#/components/responses/Error" }
                "422": { $ref: "#/components/responses/Error" }
          /api/accounts/{name}/gaps:
            parameters:
              - $ref: "#/components/parameters/name"
            get:
              operationId: getGaps
              summary: Coverage gaps, most severe first, as `stakemap gaps --format json`
              responses:
                "200":
                  description: The gaps
                  content:
                    application/json:
                      schema:
                        allOf:
                          - $ref: "#/components/schemas/Header"
                          - type: object
                            required: [gaps]
                            properties:
                              gaps:
                                type: array
                                items:
                                  type: object
                                  required: [severity, kind, subject, reason, action]
                                  properties:
                                    severity: { type: string, enum: [high, medium, low] }
                                    kind: { type: string }
                                    subject: { type: string }
                                    opportunity: { type: string, nullable: true }
                                    reason: { type: string }
                                    action: { type: string }
                "404": { $ref: "#/components/responses/Error" }
                "422": { $ref: "#/components/responses/Error" }
          /api/accounts/{name}/rank:
            parameters:
              - $ref: "#/components/parameters/name"
            get:
              operationId: getRank
              summary: Key players, as `stakemap rank --format json`
              responses:
                "200":
                  description: Everyone, in id order, with their ranks
                  content:
                    application/json:
                      schema:
                        allOf:
                          - $ref: "#/components/schemas/Header"
                          - type: object
                            required: [people]
                            properties:
                              people: { type: array, items: { type: object } }
                "404": { $ref: "#/components/responses/Error" }
                "422": { $ref: "#/components/responses/Error" }
          /api/accounts/{name}/plan:
            parameters:
              - $ref: "#/components/parameters/name"
            get:
              operationId: getPlan
              summary: The executive-visit plan, as `stakemap plan-visits --format json`
              parameters:
                - name: visits
                  in: query
                  schema: { type: integer, minimum: 1, maximum: 100 }
              responses:
                "200":
                  description: The meetings, in the order chosen
                  content:
                    application/json:
                      schema:
                        allOf:
                          - $ref: "#/components/schemas/Header"
                          - type: object
                            required: [visits]
                            properties:
                              visits: { type: array, items: { type: object } }
                "400": { $ref: "#/components/responses/Error" }
                "404": { $ref: "#/components/responses/Error" }
                "422": { $ref: "#/components/responses/Error" }
          /api/accounts/{name}/edits:
            parameters:
              - $ref: "#/components/parameters/name"
            post:
              operationId: edit
              summary: One edit, made as `stakemap set`, `add`, `log` make it
              parameters:
                - name: X-CSRF-Token
                  in: header
                  required: true
                  schema: { type: string }
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { $ref: "#/components/schemas/Edit" }
              responses:
                "200":
                  description: Made and written
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [result, person, version]
                        properties:
                          result: { type: string }
                          person: { type: string }
                          version: { type: string }
                        additionalProperties: false
                "400": { $ref: "#/components/responses/Error" }
                "403": { $ref: "#/components/responses/Error" }
                "404": { $ref: "#/components/responses/Error" }
                "413": { $ref: "#/components/responses/Error" }
                "415": { $ref: "#/components/responses/Error" }
                "422": { $ref: "#/components/responses/Error" }
        components:
          parameters:
            name:
              name: name
              in: path
              required: true
              description: The account's name, its file name without the extension
              schema: { type: string, minLength: 1 }
          responses:
            Error:
              description: Refused, with why
              content:
                application/json:
                  schema: { $ref: "#/components/schemas/Error" }
          schemas:
            Error:
              type: object
              required: [error]
              properties:
                error: { type: string }
                details: { type: array, items: { type: string } }
              additionalProperties: false
            Summary:
              type: object
              required: [name, account, as_of, score, version, people, team]
              properties:
                name: { type: string }
                account: { type: string }
                as_of: { type: string, format: date }
                score: { type: number, nullable: true, minimum: 0, maximum: 100 }
                version: { type: string }
                people: { type: integer, minimum: 0 }
                team: { type: integer, minimum: 0 }
            Header:
              type: object
              required: [account, as_of]
              properties:
                account: { type: string }
                as_of: { type: string, format: date }
            Edit:
              type: object
              required: [edit]
              description: |
                The fields of one edit, strings or numbers: `set` (id, and any of roles, stance,
                power, criteria, notes, title, unit, …), `add-person` (id, name, title, unit,
                reports_to, roles, stance, power), `add-link` (from, to, type, strength), `log`
                (ours, theirs, date, kind, note, level), `add-relationship` (ours, theirs, level
                or strength, last_contact).
              properties:
                edit: { type: string, enum: [set, add-person, add-link, log, add-relationship] }
              additionalProperties:
                oneOf:
                  - type: string
                  - type: number
                  - type: boolean

        """#
}
