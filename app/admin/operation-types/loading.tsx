import { SegmentLoading } from "@/components/ui/segment-loading";

export default SegmentLoading;
