-- Answers to integration API writes by idempotency key: a system that retries a request (after
-- a timeout, say) with the same Idempotency-Key gets the first answer back instead of writing
-- twice. Kept for a day; the key is the client's, scoped to the token's user.
CREATE TABLE api_idempotency (
    id            INTEGER PRIMARY KEY,
    school_id     BIGINT NOT NULL REFERENCES schools(id),
    user_id       BIGINT NOT NULL REFERENCES users(id),
    idem_key      TEXT NOT NULL,
    request_hash  TEXT NOT NULL,              -- SHA-256 of the request body
    status        INTEGER NOT NULL,
    response      TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    UNIQUE (user_id, idem_key)
);
