-- Daily attendance (điểm danh). The homeroom teacher takes the roll of a class for a session
-- (morning or afternoon); everyone is present unless marked, so only the marks are stored.
-- The roll row records when it was first taken, so rolls entered later than the school allows
-- after the first period are flagged for the principal. Subject teachers mark absences in
-- their own periods; those rows inform the homeroom teacher and do not count as sessions.
ALTER TABLE schools ADD COLUMN morning_start TEXT NOT NULL DEFAULT '07:00';
ALTER TABLE schools ADD COLUMN afternoon_start TEXT NOT NULL DEFAULT '13:30';
-- Minutes after the first period within which the roll must be taken (30 by the regulations).
ALTER TABLE schools ADD COLUMN roll_grace_minutes INTEGER NOT NULL DEFAULT 30;

-- Days without lessons: holidays and breaks (inclusive ranges).
CREATE TABLE school_holidays (
    id              INTEGER PRIMARY KEY,
    school_id       BIGINT NOT NULL REFERENCES schools(id),
    school_year_id  BIGINT NOT NULL REFERENCES school_years(id),
    from_date       DATE NOT NULL,
    to_date         DATE NOT NULL,
    name            TEXT NOT NULL
);
CREATE INDEX school_holidays_year ON school_holidays(school_year_id);

CREATE TABLE attendance_rolls (
    id           INTEGER PRIMARY KEY,
    school_id    BIGINT NOT NULL REFERENCES schools(id),
    class_id     BIGINT NOT NULL REFERENCES classes(id),
    semester_id  BIGINT NOT NULL REFERENCES semesters(id),
    on_date      DATE NOT NULL,
    session      TEXT NOT NULL CHECK (session IN ('morning', 'afternoon')),
    taken_by     BIGINT NOT NULL REFERENCES users(id),
    taken_at     BIGINT NOT NULL,          -- first taken (unix seconds)
    updated_by   BIGINT NOT NULL REFERENCES users(id),
    updated_at   BIGINT NOT NULL,
    late         BOOLEAN NOT NULL,         -- first taken after the session start + grace
    version      BIGINT NOT NULL DEFAULT 1,
    UNIQUE (class_id, on_date, session)
);
CREATE INDEX attendance_rolls_school_date ON attendance_rolls(school_id, on_date);

-- One row per student marked absent or late in a session (no row: present).
CREATE TABLE attendance_marks (
    id           INTEGER PRIMARY KEY,
    school_id    BIGINT NOT NULL REFERENCES schools(id),
    class_id     BIGINT NOT NULL REFERENCES classes(id),
    semester_id  BIGINT NOT NULL REFERENCES semesters(id),
    student_id   BIGINT NOT NULL REFERENCES students(id),
    on_date      DATE NOT NULL,
    session      TEXT NOT NULL CHECK (session IN ('morning', 'afternoon')),
    status       TEXT NOT NULL CHECK (status IN ('excused', 'unexcused', 'late')),
    reason       TEXT NOT NULL DEFAULT '',
    recorded_by  BIGINT NOT NULL REFERENCES users(id),
    recorded_at  BIGINT NOT NULL,
    UNIQUE (student_id, on_date, session)
);
CREATE INDEX attendance_marks_class ON attendance_marks(class_id, semester_id);
CREATE INDEX attendance_marks_student ON attendance_marks(student_id, semester_id);

-- Absences a subject teacher marks in one of their periods (tiết).
CREATE TABLE period_absences (
    id           INTEGER PRIMARY KEY,
    school_id    BIGINT NOT NULL REFERENCES schools(id),
    class_id     BIGINT NOT NULL REFERENCES classes(id),
    semester_id  BIGINT NOT NULL REFERENCES semesters(id),
    subject_id   BIGINT NOT NULL REFERENCES subjects(id),
    student_id   BIGINT NOT NULL REFERENCES students(id),
    on_date      DATE NOT NULL,
    period       INTEGER NOT NULL CHECK (period BETWEEN 1 AND 10),
    excused      BOOLEAN NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    recorded_by  BIGINT NOT NULL REFERENCES users(id),
    recorded_at  BIGINT NOT NULL,
    UNIQUE (student_id, on_date, period)
);
CREATE INDEX period_absences_class_date ON period_absences(class_id, on_date);
