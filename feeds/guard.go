package feeds

import "github.com/searchd/searchd/internal/netguard"

// The address guard is shared with saved-search webhooks (internal/netguard);
// these names keep the package's errors what they were.

// ErrForbiddenAddress is the kind of every refusal to connect to an internal
// address; the error itself says which address and why.
var ErrForbiddenAddress = netguard.ErrForbidden

// AddressError is a connection refused because of where it would go.
type AddressError = netguard.AddressError

// allowPrivateKey is the configuration key a refusal names.
const allowPrivateKey = "feeds.allow_private_addresses"
