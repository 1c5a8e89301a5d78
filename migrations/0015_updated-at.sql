-- Decision 125: patients, cases, meetings and plan_items get their own `updated_at`. Until now the
-- schema mapped `updatedAt` onto `created_at`, so every update overwrote the creation time. SQLite
-- cannot ADD a column whose default is an expression (strftime), so each table is rebuilt
-- (https://www.sqlite.org/lang_altertable.html#otheralter, the 12-step procedure: db/index.ts
-- turns foreign keys off around the migrations and runs foreign_key_check after). The creation
-- time of existing rows is unknown after such overwrites: `updated_at` starts as the stored value.
CREATE TABLE `__new_patients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rcp_id` integer NOT NULL,
	`hospital_id` text NOT NULL,
	`last_name` text NOT NULL,
	`first_name` text NOT NULL,
	`birth_date` text NOT NULL,
	`sex` text NOT NULL,
	`primary_cancer` text NOT NULL,
	`cancer_diagnosis_date` text,
	`bone_metastasis_diagnosis_date` text,
	`weight_kg` real,
	`ecog` integer,
	`karnofsky` integer,
	`systemic_treatment` text DEFAULT 'none' NOT NULL,
	`systemic_treatment_detail` text,
	`creatinine_clearance_ml_min` real,
	`creatinine_clearance_date` text,
	`survival_band` text,
	`wishes` text,
	`dental_check_date` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`rcp_id`) REFERENCES `rcps`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_patients` (`id`, `rcp_id`, `hospital_id`, `last_name`, `first_name`, `birth_date`, `sex`, `primary_cancer`, `cancer_diagnosis_date`, `bone_metastasis_diagnosis_date`, `weight_kg`, `ecog`, `karnofsky`, `systemic_treatment`, `systemic_treatment_detail`, `creatinine_clearance_ml_min`, `creatinine_clearance_date`, `survival_band`, `wishes`, `dental_check_date`, `created_at`, `updated_at`)
SELECT `id`, `rcp_id`, `hospital_id`, `last_name`, `first_name`, `birth_date`, `sex`, `primary_cancer`, `cancer_diagnosis_date`, `bone_metastasis_diagnosis_date`, `weight_kg`, `ecog`, `karnofsky`, `systemic_treatment`, `systemic_treatment_detail`, `creatinine_clearance_ml_min`, `creatinine_clearance_date`, `survival_band`, `wishes`, `dental_check_date`, `created_at`, `created_at` FROM `patients`;
--> statement-breakpoint
DROP TABLE `patients`;
--> statement-breakpoint
ALTER TABLE `__new_patients` RENAME TO `patients`;
--> statement-breakpoint
CREATE INDEX `patients_name_idx` ON `patients` (`last_name`,`first_name`);
--> statement-breakpoint
CREATE UNIQUE INDEX `patients_rcp_hospital_id_unique` ON `patients` (`rcp_id`,`hospital_id`);
--> statement-breakpoint
CREATE TABLE `__new_cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`patient_id` integer NOT NULL,
	`question` text NOT NULL,
	`referring_physician` text NOT NULL,
	`urgency` text NOT NULL,
	`status` text NOT NULL,
	`created_by` integer,
	`bta_in_question` integer,
	`imaging_date` text,
	`summary` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_cases` (`id`, `patient_id`, `question`, `referring_physician`, `urgency`, `status`, `created_by`, `bta_in_question`, `imaging_date`, `summary`, `created_at`, `updated_at`)
SELECT `id`, `patient_id`, `question`, `referring_physician`, `urgency`, `status`, `created_by`, `bta_in_question`, `imaging_date`, `summary`, `created_at`, `created_at` FROM `cases`;
--> statement-breakpoint
DROP TABLE `cases`;
--> statement-breakpoint
ALTER TABLE `__new_cases` RENAME TO `cases`;
--> statement-breakpoint
CREATE INDEX `cases_patient_idx` ON `cases` (`patient_id`);
--> statement-breakpoint
CREATE INDEX `cases_status_idx` ON `cases` (`status`);
--> statement-breakpoint
CREATE TABLE `__new_meetings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rcp_id` integer NOT NULL,
	`date` text NOT NULL,
	`time` text NOT NULL,
	`place` text NOT NULL,
	`video_link` text,
	`status` text NOT NULL,
	`chair_user_id` integer,
	`opened_at` text,
	`closed_at` text,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`rcp_id`) REFERENCES `rcps`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`chair_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_meetings` (`id`, `rcp_id`, `date`, `time`, `place`, `video_link`, `status`, `chair_user_id`, `opened_at`, `closed_at`, `created_by`, `created_at`, `updated_at`)
SELECT `id`, `rcp_id`, `date`, `time`, `place`, `video_link`, `status`, `chair_user_id`, `opened_at`, `closed_at`, `created_by`, `created_at`, `created_at` FROM `meetings`;
--> statement-breakpoint
DROP TABLE `meetings`;
--> statement-breakpoint
ALTER TABLE `__new_meetings` RENAME TO `meetings`;
--> statement-breakpoint
CREATE UNIQUE INDEX `meetings_rcp_date_time_unique` ON `meetings` (`rcp_id`,`date`,`time`);
--> statement-breakpoint
CREATE TABLE `__new_plan_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`decision_version_id` integer NOT NULL,
	`patient_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`lesion_id` text NOT NULL,
	`action` text NOT NULL,
	`responsible_specialty` text NOT NULL,
	`target_date` text,
	`state` text NOT NULL,
	`scheduled_date` text,
	`done_date` text,
	`cancel_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`decision_version_id`) REFERENCES `decision_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_plan_items` (`id`, `decision_version_id`, `patient_id`, `case_id`, `lesion_id`, `action`, `responsible_specialty`, `target_date`, `state`, `scheduled_date`, `done_date`, `cancel_reason`, `created_at`, `updated_at`)
SELECT `id`, `decision_version_id`, `patient_id`, `case_id`, `lesion_id`, `action`, `responsible_specialty`, `target_date`, `state`, `scheduled_date`, `done_date`, `cancel_reason`, `created_at`, `created_at` FROM `plan_items`;
--> statement-breakpoint
DROP TABLE `plan_items`;
--> statement-breakpoint
ALTER TABLE `__new_plan_items` RENAME TO `plan_items`;
--> statement-breakpoint
CREATE INDEX `plan_items_patient_idx` ON `plan_items` (`patient_id`);
--> statement-breakpoint
CREATE INDEX `plan_items_state_idx` ON `plan_items` (`state`,`target_date`);
