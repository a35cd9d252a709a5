import { ArgumentMetadata, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { plainToInstance, ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';
import { BadUserInputError, FieldProblem } from '../errors';

/** Flattens class-validator's nested errors into dotted field paths. */
function toFieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    for (const [rule, message] of Object.entries(error.constraints ?? {})) problems.push({ field, message, rule });
    if (error.children?.length) problems.push(...toFieldProblems(error.children, field));
  }
  return problems;
}

/**
 * The global pipe: every GraphQL input/args class is validated, and failures become BAD_USER_INPUT
 * naming the field by its path from the argument (`input.title`, `filter.sdgs`, `limit`).
 */
export class AppValidationPipe extends ValidationPipe {
  constructor() {
    super({ transform: true, forbidUnknownValues: false });
  }

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (Array.isArray(error)) throw BadUserInputError.fromProblems(toFieldProblems(error as ValidationError[], metadata.data ?? ''));
      throw error;
    }
  }

  // Hand the raw class-validator errors to transform(), which knows the argument's name.
  createExceptionFactory() {
    return (errors?: ValidationError[]) => errors ?? [];
  }
}

/** Validates plain data (e.g. seed files) by the same class-validator rules the API uses. */
export async function validatePlain<T extends object>(cls: ClassConstructor<T>, plain: unknown, prefix: string): Promise<T> {
  const instance = plainToInstance(cls, plain);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw BadUserInputError.fromProblems(toFieldProblems(errors, prefix));
  return instance;
}

/**
 * Validates an argument against an explicit class. Needed where the parameter's TypeScript type is
 * generic (resolver factories), so reflection cannot tell the global pipe which class to use.
 */
export class ValidateAs<T extends object> implements PipeTransform {
  constructor(private readonly cls: ClassConstructor<T>) {}

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    return value == null ? value : validatePlain(this.cls, value, metadata.data ?? '');
  }
}
