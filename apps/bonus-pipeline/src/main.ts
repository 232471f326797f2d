import 'reflect-metadata';
import { runService } from '@sa/platform';
import { loadBonusPipelineConfig } from './bonus-pipeline.config';
import { startBonusPipeline } from './start-bonus-pipeline';

void runService('bonus-pipeline', () => loadBonusPipelineConfig(), startBonusPipeline);
