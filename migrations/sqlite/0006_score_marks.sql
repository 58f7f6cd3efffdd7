-- A cell can be empty, scored, absent awaiting a make-up, or zero by decision (GRADING.md).
-- Absent: no score and no judgement, mark 'absent'. Zero by decision: score 0, mark
-- 'zero_by_decision', and the reason it was decided in mark_reason (who decided is updated_by,
-- and the audit row keeps both).
ALTER TABLE assessment_scores ADD COLUMN mark TEXT
    CHECK (mark IS NULL
        OR (mark = 'absent' AND score_tenths IS NULL AND judgement IS NULL)
        OR (mark = 'zero_by_decision' AND score_tenths IS NOT NULL AND score_tenths = 0
            AND judgement IS NULL));
-- A zero is never recorded without the decision's reason; a reason belongs to a mark.
ALTER TABLE assessment_scores ADD COLUMN mark_reason TEXT
    CHECK ((mark_reason IS NULL OR mark IS NOT NULL)
        AND (mark IS NULL OR mark <> 'zero_by_decision'
            OR (mark_reason IS NOT NULL AND mark_reason <> '')));
