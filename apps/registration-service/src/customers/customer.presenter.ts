import { AUDIT_OUTCOME } from '../http/audit.middleware';
import { HttpResponse } from '../http/express-types';
import { CustomerContractsDto } from './dto/customer-responses.dto';
import { CustomerContractsView } from './get-customer-contracts.use-case';

export function presentCustomerContracts(view: CustomerContractsView, res: HttpResponse): CustomerContractsDto {
  res.locals[AUDIT_OUTCOME] = view.customerRelationship
    ? 'READ_CUSTOMER_RELATIONSHIP'
    : 'READ_NO_CUSTOMER_RELATIONSHIP';
  return {
    customerId: view.customerId,
    customerRelationship: view.customerRelationship,
    contracts: view.contracts.map((c) => ({ ...c, changedAt: c.changedAt.toISOString() })),
  };
}
