-- Grade levels of a school year with the assessment rules they are graded by: rules change
-- (TT58/2011 before TT22/2021), and a past year is never recomputed with newer rules.
CREATE TABLE grade_levels (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id       BIGINT NOT NULL REFERENCES schools(id),
    school_year_id  BIGINT NOT NULL REFERENCES school_years(id),
    grade           INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 12),
    rule_set        TEXT NOT NULL CHECK (rule_set IN ('tt22_2021', 'tt27_2020', 'none')),
    UNIQUE (school_year_id, grade)
);

-- Which grade levels study a subject, with its periods per year there and, when the school
-- records more regular assessments than the rule requires, how many.
CREATE TABLE subject_grade_levels (
    school_id            BIGINT NOT NULL REFERENCES schools(id),
    subject_id           BIGINT NOT NULL REFERENCES subjects(id),
    grade                INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 12),
    periods_per_year     INTEGER NOT NULL CHECK (periods_per_year > 0),
    regular_assessments  INTEGER CHECK (regular_assessments BETWEEN 1 AND 10),
    PRIMARY KEY (subject_id, grade)
);
