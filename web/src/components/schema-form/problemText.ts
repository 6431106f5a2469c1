import { useI18n } from 'vue-i18n';
import type { FieldProblem } from './schema.ts';

/** Words a field problem in the panel's language (`schemaForm.errors.<key>`). */
export function useProblemText(): (problem: FieldProblem) => string {
  const { t } = useI18n();
  return (problem) => {
    const key = `schemaForm.errors.${problem.key}` as const;
    return problem.count === undefined
      ? t(key, problem.params)
      : t(key, problem.params, problem.count);
  };
}
