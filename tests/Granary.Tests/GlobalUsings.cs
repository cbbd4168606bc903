global using Xunit;

// The ledger's row (Granary.Usage) and the report API's wire row (Granary.Protocol.V1) share a name; in tests
// a bare UsageRow is the ledger's, and the wire's is named with its namespace.
global using UsageRow = Granary.Usage.UsageRow;
