-- Foundation: schools, accounts and roles, sessions, login throttling, the audit log, and the
-- school's basic structure (year, classes, subjects, staff assignments, students, guardians).
-- Times are Unix seconds (BIGINT) so comparisons are the same on SQLite and PostgreSQL.

CREATE TABLE schools (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    level       TEXT NOT NULL,           -- 'primary' | 'lower_secondary' | 'upper_secondary'
    district    TEXT NOT NULL DEFAULT '',
    province    TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL
);

CREATE TABLE users (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id            BIGINT NOT NULL REFERENCES schools(id),
    username             TEXT NOT NULL UNIQUE,   -- global: one login form for every school
    full_name            TEXT NOT NULL,
    email                TEXT,
    phone                TEXT,
    password_hash        TEXT NOT NULL,
    must_change_password BOOLEAN NOT NULL DEFAULT TRUE,
    is_active            BOOLEAN NOT NULL DEFAULT TRUE,
    password_changed_at  BIGINT NOT NULL,
    created_at           BIGINT NOT NULL
);
CREATE INDEX users_school ON users(school_id);

CREATE TABLE user_roles (
    school_id  BIGINT NOT NULL REFERENCES schools(id),
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role       TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE sessions (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id     BIGINT NOT NULL REFERENCES schools(id),
    user_id       BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash    TEXT NOT NULL UNIQUE,       -- SHA-256 of the cookie's token; the token itself is never stored
    created_at    BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL,            -- absolute end, whatever the activity
    user_agent    TEXT NOT NULL DEFAULT '',
    ip            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Keyed by 'account:<name>' or 'address:<ip>': not school data, and kept only for a short window.
CREATE TABLE login_failures (
    id    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key   TEXT NOT NULL,
    at    BIGINT NOT NULL
);
CREATE INDEX login_failures_key_at ON login_failures(key, at);

-- Append-only: the triggers below refuse any update or delete.
CREATE TABLE audit_log (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id      BIGINT NOT NULL REFERENCES schools(id),
    at             BIGINT NOT NULL,
    actor_user_id  BIGINT,
    action         TEXT NOT NULL,
    entity         TEXT NOT NULL,
    entity_id      TEXT NOT NULL DEFAULT '',
    old_value      TEXT,
    new_value      TEXT,
    reason         TEXT,
    source         TEXT NOT NULL DEFAULT 'web',
    ip             TEXT NOT NULL DEFAULT '',
    request_id     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_school_at ON audit_log(school_id, at);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE school_years (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id   BIGINT NOT NULL REFERENCES schools(id),
    name        TEXT NOT NULL,                -- '2026-2027'
    start_date  DATE NOT NULL,
    end_date    DATE NOT NULL,
    is_current  BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (school_id, name)
);

CREATE TABLE semesters (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id       BIGINT NOT NULL REFERENCES schools(id),
    school_year_id  BIGINT NOT NULL REFERENCES school_years(id),
    number          INTEGER NOT NULL CHECK (number IN (1, 2)),
    start_date      DATE NOT NULL,
    end_date        DATE NOT NULL,
    UNIQUE (school_year_id, number)
);

CREATE TABLE subject_groups (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id     BIGINT NOT NULL REFERENCES schools(id),
    name          TEXT NOT NULL,
    head_user_id  BIGINT REFERENCES users(id),
    UNIQUE (school_id, name)
);

CREATE TABLE subjects (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id         BIGINT NOT NULL REFERENCES schools(id),
    code              TEXT NOT NULL,
    name              TEXT NOT NULL,
    assessment_kind   TEXT NOT NULL CHECK (assessment_kind IN ('scored', 'comment')),
    periods_per_year  INTEGER NOT NULL,
    subject_group_id  BIGINT REFERENCES subject_groups(id),
    sort_order        INTEGER NOT NULL DEFAULT 0,
    UNIQUE (school_id, code)
);

CREATE TABLE staff (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id    BIGINT NOT NULL REFERENCES schools(id),
    user_id      BIGINT REFERENCES users(id),
    family_name  TEXT NOT NULL,
    middle_name  TEXT NOT NULL DEFAULT '',
    given_name   TEXT NOT NULL,
    gender       TEXT NOT NULL CHECK (gender IN ('male', 'female')),
    position     TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    UNIQUE (user_id)
);
CREATE INDEX staff_school ON staff(school_id);

CREATE TABLE classes (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id            BIGINT NOT NULL REFERENCES schools(id),
    school_year_id       BIGINT NOT NULL REFERENCES school_years(id),
    grade                INTEGER NOT NULL,
    name                 TEXT NOT NULL,
    homeroom_teacher_id  BIGINT REFERENCES users(id),
    UNIQUE (school_year_id, name)
);
CREATE INDEX classes_school ON classes(school_id);

CREATE TABLE teaching_assignments (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id       BIGINT NOT NULL REFERENCES schools(id),
    school_year_id  BIGINT NOT NULL REFERENCES school_years(id),
    class_id        BIGINT NOT NULL REFERENCES classes(id),
    subject_id      BIGINT NOT NULL REFERENCES subjects(id),
    teacher_id      BIGINT NOT NULL REFERENCES users(id),
    UNIQUE (class_id, subject_id)
);
CREATE INDEX teaching_assignments_teacher ON teaching_assignments(teacher_id);

CREATE TABLE students (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id       BIGINT NOT NULL REFERENCES schools(id),
    code            TEXT NOT NULL UNIQUE,     -- the student code, also the parent's username
    family_name     TEXT NOT NULL,
    middle_name     TEXT NOT NULL DEFAULT '',
    given_name      TEXT NOT NULL,
    full_name       TEXT NOT NULL,
    date_of_birth   DATE,
    gender          TEXT NOT NULL CHECK (gender IN ('male', 'female')),
    ethnicity       TEXT NOT NULL DEFAULT '',
    place_of_birth  TEXT NOT NULL DEFAULT '',
    address         TEXT NOT NULL DEFAULT '',
    user_id         BIGINT REFERENCES users(id),   -- the student's own account, if any
    created_at      BIGINT NOT NULL
);
CREATE INDEX students_school ON students(school_id);

CREATE TABLE enrolments (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id       BIGINT NOT NULL REFERENCES schools(id),
    student_id      BIGINT NOT NULL REFERENCES students(id),
    class_id        BIGINT NOT NULL REFERENCES classes(id),
    school_year_id  BIGINT NOT NULL REFERENCES school_years(id),
    from_date       DATE NOT NULL,
    to_date         DATE,
    status          TEXT NOT NULL DEFAULT 'active'
);
CREATE INDEX enrolments_class ON enrolments(class_id);
CREATE INDEX enrolments_student ON enrolments(student_id);

CREATE TABLE guardians (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id     BIGINT NOT NULL REFERENCES schools(id),
    student_id    BIGINT NOT NULL REFERENCES students(id),
    full_name     TEXT NOT NULL,
    relationship  TEXT NOT NULL,
    phone         TEXT NOT NULL DEFAULT '',
    occupation    TEXT NOT NULL DEFAULT '',
    user_id       BIGINT REFERENCES users(id)    -- the family account that sees this student
);
CREATE INDEX guardians_student ON guardians(student_id);
CREATE INDEX guardians_user ON guardians(user_id);
