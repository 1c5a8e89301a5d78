CREATE TABLE `bta_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`patient_id` integer NOT NULL,
	`kind` text NOT NULL,
	`date` text NOT NULL,
	`agent` text,
	`dose_mg` real,
	`interval_weeks` integer,
	`pause_reason` text,
	`pause_reason_other` text,
	`dental_check_date` text,
	`calcium_vitamin_d_plan` integer,
	`baseline_calcium_mmol_l` real,
	`creatinine_clearance_ml_min` real,
	`baseline_creatinine_umol_l` real,
	`creatinine_umol_l` real,
	`recorded_by` integer NOT NULL,
	`recorded_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`decision_version_id` integer,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `bta_events_patient_idx` ON `bta_events` (`patient_id`,`date`,`id`);--> statement-breakpoint
-- Append-only (decision 100): a correction is a new event, never an edit of a recorded one.
CREATE TRIGGER `bta_events_no_update` BEFORE UPDATE ON `bta_events` BEGIN SELECT RAISE(ABORT, 'bta_events is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `bta_events_no_delete` BEFORE DELETE ON `bta_events` BEGIN SELECT RAISE(ABORT, 'bta_events is append-only'); END;
