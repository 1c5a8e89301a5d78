-- One meaning per word (issue 8, decision 005): the tumour board is an RCP; "board" alone now
-- means only the live case board (board_updates, board_snapshots, board_lesions, unchanged).
-- Renames only: every row stays. SQLite rewrites the foreign keys that name a renamed table or
-- column (ALTER TABLE ... RENAME, legacy_alter_table off).
ALTER TABLE `boards` RENAME TO `rcps`;--> statement-breakpoint
ALTER TABLE `board_members` RENAME TO `rcp_members`;--> statement-breakpoint
ALTER TABLE `rcp_members` RENAME COLUMN `board_id` TO `rcp_id`;--> statement-breakpoint
ALTER TABLE `patients` RENAME COLUMN `board_id` TO `rcp_id`;--> statement-breakpoint
DROP INDEX `patients_board_hospital_id_unique`;--> statement-breakpoint
CREATE UNIQUE INDEX `patients_rcp_hospital_id_unique` ON `patients` (`rcp_id`,`hospital_id`);--> statement-breakpoint
-- The audit rows of the RCPs keep their history under the entity's new name.
UPDATE `audit_log` SET `entity` = 'rcp' WHERE `entity` = 'board';
