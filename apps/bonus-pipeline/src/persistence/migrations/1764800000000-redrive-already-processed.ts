import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A re-drive's audit may say ALREADY_PROCESSED: the letter's eventId was processed before with the same content,
 * so nothing was decided or sent now (it used to be recorded as DECIDED, which claimed a decision not made).
 */
export class RedriveAlreadyProcessed1764800000000 implements MigrationInterface {
  name = 'RedriveAlreadyProcessed1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bonus.dead_letter_redrives DROP CONSTRAINT dead_letter_redrives_outcome_check,
      ADD CONSTRAINT dead_letter_redrives_outcome_check
        CHECK (outcome IN ('DECIDED', 'ALREADY_PROCESSED', 'DEAD_AGAIN'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The old constraint knows no ALREADY_PROCESSED: such rows go back to DECIDED, saying so in their message.
    await q.query(`UPDATE bonus.dead_letter_redrives SET outcome = 'DECIDED', error_message = 'already processed'
      WHERE outcome = 'ALREADY_PROCESSED'`);
    await q.query(`ALTER TABLE bonus.dead_letter_redrives DROP CONSTRAINT dead_letter_redrives_outcome_check,
      ADD CONSTRAINT dead_letter_redrives_outcome_check CHECK (outcome IN ('DECIDED', 'DEAD_AGAIN'))`);
  }
}
