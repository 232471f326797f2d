import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { MemberDirectory, RegisterBehaviour } from '../members/member-directory';

class BehaviourChange implements RegisterBehaviour {
  @IsInt()
  @Min(0)
  @Max(120_000)
  delayMs!: number;

  @IsBoolean()
  failWith503!: boolean;
}

/** Simulates a slow or failing register: applies to `GET /v1/owner-customers/{memberNumber}`. */
@Controller('admin/behaviour')
export class BehaviourController {
  constructor(@Inject(MemberDirectory) private readonly directory: MemberDirectory) {}

  @Get()
  current(): RegisterBehaviour {
    return this.directory.behaviour;
  }

  @Put()
  change(@Body() behaviour: BehaviourChange): RegisterBehaviour {
    this.directory.behaviour = { delayMs: behaviour.delayMs, failWith503: behaviour.failWith503 };
    return this.directory.behaviour;
  }
}
