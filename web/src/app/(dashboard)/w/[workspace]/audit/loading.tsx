// See route-loading.tsx: id pages have no loading boundary, so their 404 is a real 404 status.
export { default } from "@/components/ui/route-loading";
