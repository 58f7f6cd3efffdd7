-- When families see a sheet's scores (issue 8): 'saved' (as soon as saved), 'checked' (after
-- the group head's check) or 'approved' (after the principal's approval, the default).
ALTER TABLE schools ADD COLUMN family_visibility TEXT NOT NULL DEFAULT 'approved';
