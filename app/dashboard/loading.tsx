import { SegmentLoading } from "@/components/ui/segment-error";

export default SegmentLoading;
