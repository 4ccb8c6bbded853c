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
                default: { $ref: "#/components/responses/Error" }
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
                default: { $ref: "#/components/responses/Error" }
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
                default: { $ref: "#/components/responses/Error" }
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
                default: { $ref: "#/components/responses/Error" }
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
                default: { $ref: "#/components/responses/Error" }
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
                  description: The person's id
                  schema: { type: string, minLength: 1 }
                  example: julie.dufour
                - name: k
                  in: query
                  schema: { type: integer, minimum: 1, maximum: 50 }
              responses:
                default: { $ref: "#/components/responses/Error" }
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
                default: { $ref: "#/components/responses/Error" }
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
                default: { $ref: "#/components/responses/Error" }
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
                default: { $ref: "#/components/responses/Error" }
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
                default: { $ref: "#/components/responses/Error" }
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
                "409": { $ref: "#/components/responses/Error" }
                "413": { $ref: "#/components/responses/Error" }
                "415": { $ref: "#/components/responses/Error" }
                "422": { $ref: "#/components/responses/Error" }
        components:
          parameters:
            name:
              name: name
              in: path
              required: true
              description: The account's name, its file name without the extension (with it, when two files share a name)
              schema: { type: string, minLength: 1 }
              example: banque-exemple
          responses:
            Error:
              description: Refused, with why (400 malformed, 401 without the token, 403 without the CSRF token or from another host name, 404 not there, 405 another method, 409 met another edit, 413 too large, 415 not JSON, 422 refused by the account)
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
              description: |
                One edit, by its `edit` field; each is made as the command line's is:
                `set` as `stakemap set`, `add-person`, `add-link` and `add-relationship` as
                `stakemap add`, `log` as `stakemap log`. An edit the account refuses (an unknown
                id, a cycle, a role that does not exist) is a 422 with the library's message.
              oneOf:
                - $ref: "#/components/schemas/SetEdit"
                - $ref: "#/components/schemas/AddPersonEdit"
                - $ref: "#/components/schemas/AddLinkEdit"
                - $ref: "#/components/schemas/LogEdit"
                - $ref: "#/components/schemas/AddRelationshipEdit"
              discriminator:
                propertyName: edit
                mapping:
                  set: "#/components/schemas/SetEdit"
                  add-person: "#/components/schemas/AddPersonEdit"
                  add-link: "#/components/schemas/AddLinkEdit"
                  log: "#/components/schemas/LogEdit"
                  add-relationship: "#/components/schemas/AddRelationshipEdit"
            Version:
              type: string
              description: The account's version the edit was made from (as GET /api/accounts/NAME/version gives it); when the account has changed since, the edit is refused with 409 and nothing is written.
            Id:
              type: string
              pattern: "\\S"
            Strength:
              type: number
              exclusiveMinimum: true
              minimum: 0
              maximum: 1
            SetEdit:
              type: object
              description: Fields of one person (or one of our team); an empty value clears a field.
              required: [edit, id]
              minProperties: 3
              properties:
                edit: { type: string, enum: [set] }
                id: { $ref: "#/components/schemas/Id" }
                roles: { type: string, description: "buying roles, comma-separated" }
                stance: { type: string, enum: [mentor, supporter, neutral, non-supporter, enemy, unknown] }
                power: { type: string, enum: [inner-circle, political-structure, outside, unknown] }
                criteria: { type: string, description: "decision criteria, comma-separated" }
                notes: { type: string }
                name: { type: string }
                title: { type: string }
                unit: { type: string }
                site: { type: string }
                level: { type: string }
                email: { type: string }
                crm_id: { type: string }
                reports_to: { type: string }
                dotted: { type: string, description: "dotted-line managers, comma-separated" }
                placeholder: { type: string, enum: ["true", "false"] }
                left: { type: string, description: "the day they left, YYYY-MM-DD; empty: still there" }
                capacity: { type: string, description: "one of our team: visits they can make" }
                version: { $ref: "#/components/schemas/Version" }
              additionalProperties: false
            AddPersonEdit:
              type: object
              required: [edit, id, name]
              properties:
                edit: { type: string, enum: [add-person] }
                id: { $ref: "#/components/schemas/Id" }
                name: { $ref: "#/components/schemas/Id" }
                title: { type: string }
                unit: { type: string }
                site: { type: string }
                level: { type: string, enum: [executive, director, manager, staff] }
                reports_to: { type: string }
                roles: { type: string }
                stance: { type: string, enum: [mentor, supporter, neutral, non-supporter, enemy, unknown] }
                power: { type: string, enum: [inner-circle, political-structure, outside, unknown] }
                version: { $ref: "#/components/schemas/Version" }
              additionalProperties: false
            AddLinkEdit:
              type: object
              description: An influence link has a strength; a conflict has none.
              required: [edit, from, to]
              properties:
                edit: { type: string, enum: [add-link] }
                from: { $ref: "#/components/schemas/Id" }
                to: { $ref: "#/components/schemas/Id" }
                type: { type: string, enum: [influence, conflict] }
                strength: { $ref: "#/components/schemas/Strength" }
                version: { $ref: "#/components/schemas/Version" }
              additionalProperties: false
            LogEdit:
              type: object
              description: A contact; the relationship's last contact moves to its day (today by default).
              required: [edit, ours, theirs]
              properties:
                edit: { type: string, enum: [log] }
                ours: { $ref: "#/components/schemas/Id" }
                theirs: { $ref: "#/components/schemas/Id" }
                date: { type: string, format: date }
                kind: { type: string, enum: [meeting, call, visit, lunch, email, event, workshop] }
                note: { type: string }
                level: { type: string, enum: [vendor, credible-source, problem-solver, trusted-advisor] }
                version: { $ref: "#/components/schemas/Version" }
              additionalProperties: false
            AddRelationshipEdit:
              type: object
              description: One of ours knows one of theirs, at a level or with a strength (one of the two).
              required: [edit, ours, theirs]
              properties:
                edit: { type: string, enum: [add-relationship] }
                ours: { $ref: "#/components/schemas/Id" }
                theirs: { $ref: "#/components/schemas/Id" }
                level: { type: string, enum: [vendor, credible-source, problem-solver, trusted-advisor] }
                strength: { $ref: "#/components/schemas/Strength" }
                last_contact: { type: string, format: date }
                version: { $ref: "#/components/schemas/Version" }
              additionalProperties: false

        """#
}
