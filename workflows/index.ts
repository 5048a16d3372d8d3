/** The workflows this worker registers (re-exports only: the bundler starts here). */
export { measureWorkflow } from './measure.workflow';
export { planWorkflow } from './plan.workflow';
