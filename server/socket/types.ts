import type { Server, Socket } from "socket.io";
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from "@downhill/core";

export type DownhillServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type DownhillSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
