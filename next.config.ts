import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // packages/core and packages/client ship TypeScript source, shared unchanged by the browser, the Web Worker and the server.
  transpilePackages: ["@downhill/core", "@downhill/client"],
  reactStrictMode: true,
  poweredByHeader: false,
};

export default nextConfig;
