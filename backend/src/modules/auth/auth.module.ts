import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { CredentialsRepository } from './credentials.repository.js';
import { LoginRateLimiter } from './login-rate-limiter.js';
import { OidcClient } from './oidc-client.js';
import { PrincipalRepository } from './principal.repository.js';
import { SessionMaintenance } from './session.maintenance.js';

@Module({
  controllers: [AuthController],
  providers: [AuthService, CredentialsRepository, OidcClient, PrincipalRepository, LoginRateLimiter, SessionMaintenance, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [SessionMaintenance, AuthService, CredentialsRepository, OidcClient, LoginRateLimiter],
})
export class AuthModule {}
