import { Paginated } from '../../common/data/pagination';
import { ActionPlan } from '../entities/action-plan.entity';
import { GoodPractice } from '../entities/good-practice.entity';
import { LocalGovernment } from '../entities/local-government.entity';
import { Tool } from '../entities/tool.entity';

export const ActionPlanList = Paginated(ActionPlan, 'ActionPlanList');
export const GoodPracticeList = Paginated(GoodPractice, 'GoodPracticeList');
export const ToolList = Paginated(Tool, 'ToolList');
export const LocalGovernmentList = Paginated(LocalGovernment, 'LocalGovernmentList');
