import { Injectable } from '@nestjs/common';
import { access } from '../accounts/access';
import { Role } from '../accounts/actor';
import { AuditService } from '../accounts/audit.service';
import { RecordRevision } from '../accounts/entities/record-revision.entity';
import { ActionPlansService } from './action-plans.service';
import { RecordType } from './enums';
import { GoodPracticesService } from './good-practices.service';
import { LocalGovernmentsService } from './local-governments.service';
import { ToolsService } from './tools.service';

/** Snapshot fields that are not input: identity, workflow, timestamps, and values derived on every write. */
const NOT_INPUT = ['id', 'status', 'publishedAt', 'createdAt', 'updatedAt', 'createdBy', 'year', 'regionCode', 'subregionCode'];

/** Brings a record back to an earlier revision, as an ordinary (validated, audited) update. */
@Injectable()
export class RevisionsService {
  constructor(
    private readonly audit: AuditService,
    private readonly actionPlans: ActionPlansService,
    private readonly goodPractices: GoodPracticesService,
    private readonly tools: ToolsService,
    private readonly localGovernments: LocalGovernmentsService,
  ) {}

  async restore(revisionId: string): Promise<RecordRevision> {
    access.require(Role.EDITOR, 'Restoring a revision');
    const revision = await this.audit.revision(revisionId);
    const snapshot = JSON.parse(revision.snapshot) as Record<string, unknown>;
    const input: Record<string, unknown> = Object.fromEntries(Object.entries(snapshot).filter(([key]) => !NOT_INPUT.includes(key)));
    const id = revision.recordId;
    switch (revision.recordType as RecordType) {
      case RecordType.ACTION_PLAN:
        await this.actionPlans.update(id, input as never, { action: 'restoreRevision' });
        break;
      case RecordType.GOOD_PRACTICE:
        await this.goodPractices.update(id, input as never, { action: 'restoreRevision' });
        break;
      case RecordType.TOOL:
        await this.tools.update(id, input as never, { action: 'restoreRevision' });
        break;
      case RecordType.LOCAL_GOVERNMENT: {
        const { countryCode, ...rest } = input;
        await this.localGovernments.update(id, { ...rest, country: countryCode } as never, { action: 'restoreRevision' });
        break;
      }
    }
    return (await this.audit.revisions(id))[0];
  }
}
