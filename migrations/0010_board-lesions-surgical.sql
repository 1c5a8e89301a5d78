ALTER TABLE `board_lesions` ADD `surgical` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `board_lesions` ADD `sort_key` real DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `board_lesions_surgical_sort_idx` ON `board_lesions` (`surgical`,"sort_key" DESC,`patient_id`,`lesion_id`);--> statement-breakpoint
-- Rows projected before this migration: the same values the projection now writes (decision 120).
UPDATE `board_lesions` SET `surgical` = coalesce(json_array_length(`scores`, '$.surgicalFlags'), 0) > 0, `sort_key` = coalesce(json_extract(`scores`, '$.sortKey'), 0);
