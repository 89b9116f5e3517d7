import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // packages/core ships TypeScript source, shared unchanged by the browser, the Web Worker and the server.
  transpilePackages: ["@downhill/core"],
  reactStrictMode: true,
  poweredByHeader: false,
};

export default nextConfig;
