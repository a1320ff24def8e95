"""Models of the resources app, by topic."""

from yingji.resources.models.experts import Expert, ExpertEvaluation, ExpertTitle
from yingji.resources.models.settings import AnalysisSettings, RoadNetwork, RoadSpeed
from yingji.resources.models.shelters import (
    CommunityProfile,
    Shelter,
    ShelterClass,
    ShelterStatus,
    ShelterType,
)
from yingji.resources.models.stock import (
    MovementKind,
    ReserveStandard,
    StockBatch,
    StockMovement,
    SupplyCategory,
    SupplyItem,
    SupplyProducer,
    Transfer,
    TransferStatus,
    Warehouse,
    WarehouseLevel,
)
from yingji.resources.models.teams import (
    Equipment,
    EquipmentCategory,
    EquipmentStatus,
    RescueTeam,
    TeamKind,
    TeamStatus,
)

__all__ = [
    "AnalysisSettings", "CommunityProfile", "Equipment", "EquipmentCategory", "EquipmentStatus",
    "Expert", "ExpertEvaluation", "ExpertTitle", "MovementKind", "RescueTeam", "ReserveStandard",
    "RoadNetwork", "RoadSpeed", "Shelter", "ShelterClass", "ShelterStatus", "ShelterType",
    "StockBatch", "StockMovement", "SupplyCategory", "SupplyItem", "SupplyProducer", "TeamKind",
    "TeamStatus", "Transfer", "TransferStatus", "Warehouse", "WarehouseLevel",
]
