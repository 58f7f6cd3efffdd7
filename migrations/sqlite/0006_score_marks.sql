-- A cell can be empty, scored, absent awaiting a make-up, or zero by decision (GRADING.md).
-- Absent: no score and no judgement, mark 'absent'. Zero by decision: score 0, mark
-- 'zero_by_decision', and the reason it was decided in mark_reason (who decided is updated_by,
-- and the audit row keeps both).
ALTER TABLE assessment_scores ADD COLUMN mark TEXT
    CHECK (mark IS NULL
        OR (mark = 'absent' AND score_tenths IS NULL AND judgement IS NULL)
        OR (mark = 'zero_by_decision' AND score_tenths = 0 AND judgement IS NULL));
ALTER TABLE assessment_scores ADD COLUMN mark_reason TEXT;
