-- In-app notices of newly published scores (issue 8): each round looks at what changed in a
-- school since its mark, and moves the mark; the indexes keep that a range read, not a scan.
CREATE TABLE score_notice_marks (
    school_id  BIGINT PRIMARY KEY REFERENCES schools(id),
    last_at    BIGINT NOT NULL
);
CREATE INDEX assessment_scores_changed ON assessment_scores(school_id, updated_at);
CREATE INDEX sheet_review_steps_at ON sheet_review_steps(school_id, at);
