// The prefix parser lives in @levee/shared: the agent's firewall validation uses the same one.
export { type Cidr, type CidrResult, cidrContains, parseCidr } from "@levee/shared/cidr";
