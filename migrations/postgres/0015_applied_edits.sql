-- Edits sent from a device's offline outbox carry a unique id. The id of every applied edit is
-- kept with the version it produced, so a replay (an answer lost on a weak connection, a retry
-- after the server restarted mid-sync) answers as the first time instead of writing twice.
CREATE TABLE applied_edits (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id   BIGINT NOT NULL REFERENCES schools(id),
    user_id     BIGINT NOT NULL REFERENCES users(id),
    edit_id     TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('score', 'comment', 'roll', 'period')),
    version     BIGINT NOT NULL,
    applied_at  BIGINT NOT NULL,
    UNIQUE (user_id, edit_id)
);
CREATE INDEX applied_edits_school ON applied_edits(school_id, applied_at);
