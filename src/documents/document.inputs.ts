import { Field, InputType } from '@nestjs/graphql';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { IsLanguageCode, IsOptionalTitle, IsTitle } from '../common/input/validators';
import { DOCUMENT_RECORD_TYPES, type DocumentRecordType } from '../catalogue/record-definitions';

/** The text fields of POST /documents, validated like GraphQL inputs. */
export class UploadFields {
  @IsIn(DOCUMENT_RECORD_TYPES, { message: `recordType must be one of ${DOCUMENT_RECORD_TYPES.join(', ')}` })
  recordType: DocumentRecordType;

  @Matches(/^[0-9a-f-]{36}$/i, { message: 'recordId must be the UUID of the record' })
  recordId: string;

  @IsOptional()
  @IsTitle()
  title?: string;

  @IsLanguageCode()
  language?: string;
}

@InputType({ description: 'Changes to a document; null clears, absent keeps.' })
export class UpdateDocumentInput {
  @Field(() => String, { nullable: true })
  @IsOptionalTitle()
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 639-1; null returns to the detected language at the next extraction.' })
  @IsLanguageCode()
  language?: string | null;
}
