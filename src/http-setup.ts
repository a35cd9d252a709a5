import { INestApplication } from '@nestjs/common';
import { HttpErrorsFilter } from './common/http-errors.filter';

/** HTTP concerns shared by main.ts and the e2e tests (which must serve exactly what users get). */
export function configureHttp(app: INestApplication): void {
  app.useGlobalFilters(new HttpErrorsFilter());
}
