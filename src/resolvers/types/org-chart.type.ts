import { Field, ID, Int, ObjectType } from 'type-graphql';
import { EmployeeType } from './employee.type';

@ObjectType('OrgChartNode', {
  simpleResolvers: true,
  description: 'One person in an org chart; draw the tree from parentId and level.',
})
export class OrgChartNode {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { nullable: true, description: 'The node this one hangs under; null for a root.' })
  parentId: string | null;

  @Field(() => Int, { description: '0 for a root.' })
  level: number;

  @Field(() => Int, { description: 'All current direct reports, also those beyond maxDepth.' })
  directReportCount: number;

  @Field(() => EmployeeType)
  employee: EmployeeType;
}

@ObjectType('OrgChart', { simpleResolvers: true })
export class OrgChart {
  @Field(() => [ID])
  rootIds: string[];

  @Field(() => [OrgChartNode], { description: 'Every node, ordered by level then name.' })
  nodes: OrgChartNode[];

  @Field(() => Int)
  totalNodes: number;

  @Field({ description: 'True when people below the last level were left out.' })
  maxDepthReached: boolean;

  @Field({ description: 'True when a reporting cycle in the source data was met (and cut).' })
  cycleDetected: boolean;
}
