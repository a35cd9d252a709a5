import { Field, GraphQLISODateTime, ObjectType } from '@nestjs/graphql';
import { Paginated } from '../common/data/pagination';
import { ApiToken } from './entities/api-token.entity';
import { AuditEntry } from './entities/audit-entry.entity';
import { User } from './entities/user.entity';

@ObjectType({ description: 'A signed-in session: a short-lived access token and a refresh token (rotated on every use).' })
export class Session {
  @Field({ description: 'Send as "Authorization: Bearer <accessToken>".' })
  accessToken: string;

  @Field(() => GraphQLISODateTime)
  accessTokenExpiresAt: Date;

  @Field({ description: 'Trade it for a new session with refreshSession; each refresh token works once.' })
  refreshToken: string;

  @Field(() => GraphQLISODateTime)
  refreshTokenExpiresAt: Date;

  @Field(() => User)
  user: User;
}

@ObjectType()
export class CreatedApiToken {
  @Field({ description: 'The secret itself: shown this once, stored only as a hash.' })
  token: string;

  @Field(() => ApiToken)
  apiToken: ApiToken;
}

export const AuditEntryList = Paginated(AuditEntry, 'AuditEntryList');
export const UserList = Paginated(User, 'UserList');
