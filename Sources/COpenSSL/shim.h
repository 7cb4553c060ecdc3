#ifndef WARDEN_COPENSSL_SHIM_H
#define WARDEN_COPENSSL_SHIM_H
// Only the EVP digest API: the low-level SHA256_* functions are deprecated since OpenSSL 3.0.
#include <openssl/evp.h>
#endif
