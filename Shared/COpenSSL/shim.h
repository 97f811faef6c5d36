#ifndef TILL_COPENSSL_SHIM_H
#define TILL_COPENSSL_SHIM_H
// Only libcrypto's one-shot digests and HMAC are used (libssl-dev ships the headers).
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#endif
