import { CaughtMailEntity } from '../mail/caught-mail.entity.js';
import { AuditEventEntity } from '../../modules/audit/audit-event.entity.js';
import { ApiTokenEntity } from '../../modules/auth/api-token.entity.js';
import { OidcLoginEntity } from '../../modules/auth/oidc-login.entity.js';
import { SessionEntity } from '../../modules/auth/session.entity.js';
import { BodyEntity } from '../../modules/bodies/body.entity.js';
import { KindEntity } from '../../modules/kinds/kind.entity.js';
import { NotificationEntity } from '../../modules/notifications/notification.entity.js';
import { CaseEntity } from '../../modules/cases/case.entity.js';
import { PeriodEntity } from '../../modules/periods/period.entity.js';
import { ContributionEntity } from '../../modules/reports/contribution.entity.js';
import { ReportEntity } from '../../modules/reports/report.entity.js';
import { SubmissionEntity } from '../../modules/reports/submission.entity.js';
import { RoleGrantEntity } from '../../modules/users/role-grant.entity.js';
import { UserEntity } from '../../modules/users/user.entity.js';
import { ReadChangeEntity } from './read-change.entity.js';
import { SearchChangeEntity } from './search-change.entity.js';

/** Every entity, listed once (no folder globbing: the build output is the source of truth). */
export const ENTITIES = [
  BodyEntity,
  UserEntity,
  RoleGrantEntity,
  SessionEntity,
  ApiTokenEntity,
  OidcLoginEntity,
  CaughtMailEntity,
  KindEntity,
  CaseEntity,
  PeriodEntity,
  ReportEntity,
  ContributionEntity,
  SubmissionEntity,
  AuditEventEntity,
  NotificationEntity,
  ReadChangeEntity,
  SearchChangeEntity,
];
