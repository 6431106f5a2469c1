import { defineProject } from 'vitest/config';
import { nodeProject } from '../vitest.shared.ts';

export default defineProject(nodeProject('testing'));
