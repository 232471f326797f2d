import { ValidationArguments, registerDecorator } from 'class-validator';

interface DocumentShape {
  eventType?: unknown;
  lines?: unknown;
}

const IDENTIFIER = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/** A credit note must name the invoice it credits (≤ 128 printable chars); an invoice must name none. */
export function CreditedInvoiceMatchesType(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'creditedInvoiceMatchesType',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const type = (args.object as DocumentShape).eventType;
          if (type === 'CreditNoteIssued')
            return typeof value === 'string' && value.length <= 128 && IDENTIFIER.test(value);
          return value === null || value === undefined;
        },
        defaultMessage(args: ValidationArguments) {
          return (args.object as DocumentShape).eventType === 'CreditNoteIssued'
            ? '$property must name the credited invoice on a CreditNoteIssued'
            : '$property must be null on an InvoiceIssued';
        },
      },
    });
}

/**
 * Impossible amounts: an invoice may carry discounts but cannot total below zero; a credit note
 * gives money back, so its lines total zero or less.
 */
export function DocumentTotalHasTypeSign(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'documentTotalHasTypeSign',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          if (!Array.isArray(value)) return true; // IsArray reports it
          const amounts = value.map((line) => (line as { grossAmountCents?: unknown })?.grossAmountCents);
          if (!amounts.every((a) => Number.isInteger(a))) return true; // the line rules report it
          const total = (amounts as number[]).reduce((sum, a) => sum + a, 0);
          return (args.object as DocumentShape).eventType === 'CreditNoteIssued' ? total <= 0 : total >= 0;
        },
        defaultMessage(args: ValidationArguments) {
          return (args.object as DocumentShape).eventType === 'CreditNoteIssued'
            ? '$property must total zero or less on a credit note (credited amounts are negative)'
            : '$property must total zero or more on an invoice (a discount cannot exceed the charges)';
        },
      },
    });
}
