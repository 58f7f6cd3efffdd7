-- The rest of what a học bạ holds about a student, transfers in and out during the year, the
-- scores themselves, and tokens for the integration API.

ALTER TABLE students ADD COLUMN national_id TEXT NOT NULL DEFAULT '';        -- mã định danh cá nhân
ALTER TABLE students ADD COLUMN nationality TEXT NOT NULL DEFAULT 'Việt Nam';
ALTER TABLE students ADD COLUMN religion TEXT NOT NULL DEFAULT '';
ALTER TABLE students ADD COLUMN hometown TEXT NOT NULL DEFAULT '';           -- quê quán
ALTER TABLE students ADD COLUMN current_address TEXT NOT NULL DEFAULT '';    -- nơi ở hiện nay
ALTER TABLE students ADD COLUMN policy_group TEXT NOT NULL DEFAULT '';       -- đối tượng chính sách
ALTER TABLE students ADD COLUMN status TEXT NOT NULL DEFAULT 'studying'
    CHECK (status IN ('studying', 'transferred_out', 'dropped_out', 'graduated', 'suspended'));
ALTER TABLE students ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE students ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX students_school_code ON students(school_id, code);

-- How a student came into a class and how they left it: a transfer between classes closes one
-- enrolment and opens another, so the record shows both with their dates.
ALTER TABLE enrolments ADD COLUMN entry_kind TEXT NOT NULL DEFAULT 'start'
    CHECK (entry_kind IN ('start', 'transfer_in', 'class_change', 'return'));
ALTER TABLE enrolments ADD COLUMN exit_kind TEXT
    CHECK (exit_kind IN ('transfer_out', 'class_change', 'dropped_out', 'completed'));
ALTER TABLE enrolments ADD COLUMN other_school TEXT NOT NULL DEFAULT '';     -- came from / went to
ALTER TABLE enrolments ADD COLUMN note TEXT NOT NULL DEFAULT '';

ALTER TABLE guardians ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE guardians ADD COLUMN birth_year INTEGER;

-- One assessment of one student in one subject and semester. Scores are exact tenths (8.5 is 85);
-- comment-assessed subjects keep 'pass' (Đạt) or 'fail' (Chưa đạt). A row without either is an
-- assessment cleared after entry: still "not yet", never zero. `version` grows on every change so
-- an edit made from an older copy is refused instead of overwriting.
CREATE TABLE assessment_scores (
    id            INTEGER PRIMARY KEY,
    school_id     BIGINT NOT NULL REFERENCES schools(id),
    semester_id   BIGINT NOT NULL REFERENCES semesters(id),
    class_id      BIGINT NOT NULL REFERENCES classes(id),
    subject_id    BIGINT NOT NULL REFERENCES subjects(id),
    student_id    BIGINT NOT NULL REFERENCES students(id),
    kind          TEXT NOT NULL CHECK (kind IN ('regular', 'midterm', 'final', 'reassessment')),
    slot          INTEGER NOT NULL DEFAULT 1 CHECK (slot BETWEEN 1 AND 20),
    score_tenths  INTEGER CHECK (score_tenths BETWEEN 0 AND 100),
    judgement     TEXT CHECK (judgement IN ('pass', 'fail')),
    version       BIGINT NOT NULL DEFAULT 1,
    updated_at    BIGINT NOT NULL,
    updated_by    BIGINT REFERENCES users(id),
    CHECK (score_tenths IS NULL OR judgement IS NULL),
    UNIQUE (student_id, subject_id, semester_id, kind, slot)
);
CREATE INDEX assessment_scores_sheet ON assessment_scores(class_id, subject_id, semester_id);
CREATE INDEX assessment_scores_school ON assessment_scores(school_id, semester_id);

-- The teacher's comment (nhận xét) on a student in a subject and semester; for primary also the
-- subject level (Hoàn thành tốt / Hoàn thành / Chưa hoàn thành).
CREATE TABLE subject_comments (
    id            INTEGER PRIMARY KEY,
    school_id     BIGINT NOT NULL REFERENCES schools(id),
    semester_id   BIGINT NOT NULL REFERENCES semesters(id),
    class_id      BIGINT NOT NULL REFERENCES classes(id),
    subject_id    BIGINT NOT NULL REFERENCES subjects(id),
    student_id    BIGINT NOT NULL REFERENCES students(id),
    comment       TEXT NOT NULL DEFAULT '',
    primary_level TEXT CHECK (primary_level IN ('excellent', 'completed', 'not_completed')),
    version       BIGINT NOT NULL DEFAULT 1,
    updated_at    BIGINT NOT NULL,
    updated_by    BIGINT REFERENCES users(id),
    UNIQUE (student_id, subject_id, semester_id)
);
CREATE INDEX subject_comments_sheet ON subject_comments(class_id, subject_id, semester_id);

-- Tokens for the integration API (/api/v1). A token acts for the user who created it, limited to
-- its scopes: it can never do more than that user could in the web app. Only the SHA-256 of the
-- token is stored.
CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    school_id     BIGINT NOT NULL REFERENCES schools(id),
    user_id       BIGINT NOT NULL REFERENCES users(id),
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    scopes        TEXT NOT NULL,              -- space-separated, e.g. 'structure:read scores:write'
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT,
    last_used_at  BIGINT,
    revoked_at    BIGINT
);
CREATE INDEX api_tokens_school ON api_tokens(school_id);
