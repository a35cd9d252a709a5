import { Field, InputType } from '@nestjs/graphql';
import { IsIn, IsOptional, Matches, MaxLength } from 'class-validator';
import { IsTitle } from '../common/validators';
import { DOCUMENT_RECORD_TYPES, DocumentRecordType } from './document.entity';

const LANGUAGE = /^[a-z]{2}$/;
const LANGUAGE_MESSAGE = 'language must be an ISO 639-1 code such as "en"';

/** The text fields of POST /documents, validated like GraphQL inputs. */
export class UploadFields {
  @IsIn(DOCUMENT_RECORD_TYPES, { message: `recordType must be one of ${DOCUMENT_RECORD_TYPES.join(', ')}` })
  recordType: DocumentRecordType;

  @Matches(/^[0-9a-f-]{36}$/i, { message: 'recordId must be the UUID of the record' })
  recordId: string;

  @IsOptional()
  @IsTitle()
  title?: string;

  @IsOptional()
  @Matches(LANGUAGE, { message: LANGUAGE_MESSAGE })
  language?: string;
}

@InputType({ description: 'Changes to a document; null clears, absent keeps.' })
export class UpdateDocumentInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(300)
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 639-1; null returns to the detected language at the next extraction.' })
  @IsOptional()
  @Matches(LANGUAGE, { message: LANGUAGE_MESSAGE })
  language?: string | null;
}
