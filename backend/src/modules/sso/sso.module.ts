import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { UsersModule } from '../users/users.module.js';
import { SsoController } from './sso.controller.js';

/** Single sign-on with OpenID Connect: the login and callback endpoints (the client itself lives in AuthModule). */
@Module({ imports: [AuthModule, UsersModule], controllers: [SsoController] })
export class SsoModule {}
