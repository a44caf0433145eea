export {
  FormField,
  focusFirstError,
  fieldAnchor,
  fieldErrorsOf,
  useFieldErrors,
  type FieldA11y,
  type FieldErrors,
  type FormFieldProps,
} from './FormField'
