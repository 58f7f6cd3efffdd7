-- Announcements for a class's families (issue 8): the homeroom teacher or the board writes,
-- the families of the class read them on their child's page. Withdrawn ones are kept.
CREATE TABLE class_announcements (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id     BIGINT NOT NULL REFERENCES schools(id),
    class_id      BIGINT NOT NULL REFERENCES classes(id),
    author_id     BIGINT NOT NULL REFERENCES users(id),
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    withdrawn_at  BIGINT
);
CREATE INDEX class_announcements_class ON class_announcements(class_id, created_at);
