CREATE TABLE `ct_series` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`patient_id` integer NOT NULL,
	`study_uid` text,
	`series_uid` text,
	`modality` text,
	`spacing` text NOT NULL,
	`size` text NOT NULL,
	`sha256` text NOT NULL,
	`acquisition_date` text,
	`file` text NOT NULL,
	`uploaded_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ct_series_patient_idx` ON `ct_series` (`patient_id`,`id`);--> statement-breakpoint
CREATE TABLE `fe_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`patient_id` integer NOT NULL,
	`lesion_id` text,
	`ct_series_id` integer NOT NULL,
	`status` text NOT NULL,
	`stage` text,
	`progress` real DEFAULT 0 NOT NULL,
	`params` text NOT NULL,
	`result` text,
	`error` text,
	`created_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`started_at` text,
	`finished_at` text,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ct_series_id`) REFERENCES `ct_series`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `fe_jobs_status_idx` ON `fe_jobs` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `fe_jobs_patient_idx` ON `fe_jobs` (`patient_id`,`id`);