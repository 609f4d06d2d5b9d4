-- Workouts as exercise entries (Apple Health `Workout`): the activity ('Running', 'Swimming'),
-- the distance covered and the active energy, each NULL where the source did not record it and
-- on every other kind of entry. `value` stays the active minutes, pauses excluded.
ALTER TABLE log_entries ADD COLUMN activity TEXT;
ALTER TABLE log_entries ADD COLUMN distance_km REAL;
ALTER TABLE log_entries ADD COLUMN energy_kcal REAL;
