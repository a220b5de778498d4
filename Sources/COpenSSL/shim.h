// OpenSSL 3's libcrypto for OneThingCrypto, the only module that imports it.
// Only the EVP interfaces, PEM, BIO and the error queue are used: SM2 signatures over
// the SM3 digest (GB/T 32918, GB/T 32905) and Ed25519, all reached through EVP_PKEY.
#ifndef ONETHING_COPENSSL_SHIM_H
#define ONETHING_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/crypto.h>

/// BIO_get_mem_data is a macro over BIO_ctrl with a cast Swift cannot import.
static inline long onething_bio_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}
#endif
