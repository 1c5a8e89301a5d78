CREATE TABLE `board_projections` (
	`patient_id` integer PRIMARY KEY NOT NULL,
	`through_snapshot_id` integer NOT NULL,
	`through_update_id` integer NOT NULL,
	`context_key` text NOT NULL,
	`projected_at` text NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
);
