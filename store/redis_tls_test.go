package store

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testPKI is a throwaway CA and the files of a certificate it signed for
// the server (127.0.0.1 and localhost) and one for a client.
type testPKI struct {
	ca, serverCert, serverKey, clientCert, clientKey string // file paths
}

func newTestPKI(t *testing.T) testPKI {
	t.Helper()
	dir := t.TempDir()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "meetbot test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	require.NoError(t, err)
	caCert, err := x509.ParseCertificate(caDER)
	require.NoError(t, err)
	p := testPKI{ca: writePEM(t, dir, "ca.pem", "CERTIFICATE", caDER)}

	leaf := func(name string, serial int64, usage x509.ExtKeyUsage) (certFile, keyFile string) {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		require.NoError(t, err)
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: name},
			NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
			KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{usage},
			DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, &key.PublicKey, caKey)
		require.NoError(t, err)
		keyDER, err := x509.MarshalECPrivateKey(key)
		require.NoError(t, err)
		return writePEM(t, dir, name+".pem", "CERTIFICATE", der), writePEM(t, dir, name+".key", "EC PRIVATE KEY", keyDER)
	}
	p.serverCert, p.serverKey = leaf("server", 2, x509.ExtKeyUsageServerAuth)
	p.clientCert, p.clientKey = leaf("client", 3, x509.ExtKeyUsageClientAuth)
	return p
}

func writePEM(t *testing.T, dir, name, kind string, der []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600))
	return path
}

// startTLSRedis runs a redis-server that speaks only TLS, asks clients for
// a certificate signed by the test CA and wants the password "s3cret".
func startTLSRedis(t *testing.T, p testPKI) int {
	t.Helper()
	port := freePort(t)
	startRedisServer(t, port, "TLS",
		"--port", "0", "--tls-port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--tls-cert-file", p.serverCert, "--tls-key-file", p.serverKey, "--tls-ca-cert-file", p.ca,
		"--tls-auth-clients", "yes", "--requirepass", "s3cret",
		"--save", "", "--appendonly", "no", "--dir", t.TempDir())
	return port
}

// TestRedisTLSNegotiates: a rediss DSN talks TLS (the server has no
// plain-text port), checks the server's certificate against tls_ca_file,
// and presents tls_cert_file to a server that requires a client
// certificate.
func TestRedisTLSNegotiates(t *testing.T) {
	t.Parallel()
	p := newTestPKI(t)
	port := startTLSRedis(t, p)
	ctx := context.Background()
	withFiles := fmt.Sprintf("tls_ca_file=%s&tls_cert_file=%s&tls_key_file=%s", p.ca, p.clientCert, p.clientKey)

	for _, host := range []string{"127.0.0.1", "localhost"} {
		r, err := OpenRedis(ctx, fmt.Sprintf("rediss://:s3cret@%s:%d/0?%s", host, port, withFiles))
		require.NoError(t, err, host)
		require.NoError(t, r.Set(ctx, "k", []byte("over TLS"), time.Minute))
		got, ok, err := r.Get(ctx, "k")
		require.NoError(t, err)
		assert.True(t, ok)
		assert.Equal(t, []byte("over TLS"), got)
		assert.NoError(t, r.Close())
	}

	base := fmt.Sprintf("127.0.0.1:%d/0?max_retries=-1", port)
	clientOnly := fmt.Sprintf("&tls_cert_file=%s&tls_key_file=%s", p.clientCert, p.clientKey)
	refused := []struct{ name, dsn, want string }{
		{"plain text", "redis://:s3cret@" + base, ""},
		{"unknown CA", "rediss://:s3cret@" + base + clientOnly, "certificate signed by unknown authority"},
		{"no client certificate", "rediss://:s3cret@" + base + "&tls_ca_file=" + p.ca, "certificate required"},
		{"wrong password", "rediss://:wrong-s3cret@" + base + "&" + withFiles, "WRONGPASS"},
	}
	for _, tt := range refused {
		_, err := OpenRedis(ctx, tt.dsn)
		require.Error(t, err, tt.name)
		assert.ErrorContains(t, err, tt.want, tt.name)
		assert.NotContains(t, err.Error(), "s3cret", tt.name)
	}

	r, err := OpenRedis(ctx, fmt.Sprintf("rediss://:s3cret@127.0.0.1:%d/0?skip_verify=true&tls_cert_file=%s&tls_key_file=%s",
		port, p.clientCert, p.clientKey))
	require.NoError(t, err, "skip_verify accepts the unknown CA")
	assert.NoError(t, r.Close())
}
